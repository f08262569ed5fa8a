"""Product cards: the bug reports and improvement requests a support desk passes to the vendor's
product team (the handbook's "cards").

- ``visibility``: who sees which cards (the one rule; permission hooks in hooks.py);
- ``rules``: the Product Card's checks on every save, and its status history;
- ``actions``: create a card from a ticket, add a ticket to a card, move a status (api/cards.py);
- ``outcomes``: Released tells the clinics, Declined tells the agents and the cooperative;
- ``setup``: the ticket page's "Product card" menu (HD Form Script, ``ticket_form.js``).
"""
