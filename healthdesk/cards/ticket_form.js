// The "Product card" menu on Helpdesk's agent ticket page: turn the clinic's ticket into a bug
// report or an improvement request for the vendor's product team, or add it to an existing card
// (duplicates from several clinics grouped under one), and see the cards that hold it.
// Installed as the HD Form Script "Healthdesk Product Cards" by healthdesk.cards.setup; edit this
// file, not the record: every migrate writes it back. Every rule is checked again by the server
// (healthdesk.api.cards).
async function setupForm({ doc, call, $dialog, toast }) {
  const __ = hdTranslate;
  const escapeHtml = hdEscapeHtml;
  const messageOf = (error) => hdMessageOf(error, __("The action could not be completed."));
  if (!doc || !doc.name) return { actions: [] };

  let info;
  try {
    info = await call("healthdesk.api.cards.ticket_cards", { ticket: doc.name });
  } catch (error) {
    return { actions: [] }; // not an agent of this ticket: no menu
  }
  const field = (id, label, control) =>
    `<div class="mb-3"><label class="block text-sm text-ink-gray-7 mb-1" for="${id}">${escapeHtml(label)}</label>${control}</div>`;
  const value = (id) => ((document.getElementById(id) || {}).value || "").trim();
  const cardLine = (c) => `${c.name} · ${c.kind_label} · ${c.title} (${c.status_label})`;
  const done = (message) => {
    toast.success(message);
    setTimeout(() => window.location.reload(), 600);
  };

  const createCard = () => {
    const id = "hd-card-" + Date.now();
    const kinds = info.kinds
      .map((k) => `<option value="${escapeHtml(k.value)}">${escapeHtml(k.label)}</option>`)
      .join("");
    const modules = ['<option value=""></option>']
      .concat(info.modules.map((m) =>
        `<option value="${escapeHtml(m)}"${m === info.ticket_module ? " selected" : ""}>${escapeHtml(m)}</option>`))
      .join("");
    const input = 'class="form-input w-full rounded text-base"';
    $dialog({
      title: __("Create a product card from this ticket"),
      html:
        `<p class="text-p-sm text-ink-gray-6 mb-3">${escapeHtml(__("The card goes to the vendor's product team. Write no personal data."))}</p>` +
        field(`${id}-kind`, __("Kind"), `<select id="${id}-kind" ${input}>${kinds}</select>`) +
        field(`${id}-title`, __("Title"), `<input id="${id}-title" ${input} maxlength="140" value="${escapeHtml(info.subject)}">`) +
        field(`${id}-module`, __("System Module"), `<select id="${id}-module" ${input}>${modules}</select>`) +
        field(`${id}-description`, __("Description"),
          `<textarea id="${id}-description" rows="5" style="min-height: 7rem" class="form-textarea w-full rounded text-base"></textarea>`),
      actions: [
        {
          label: __("Create card"),
          variant: "solid",
          onClick({ close }) {
            call("healthdesk.api.cards.create_from_ticket", {
              ticket: doc.name, kind: value(`${id}-kind`), title: value(`${id}-title`),
              system_module: value(`${id}-module`), description: value(`${id}-description`),
            })
              .then((card) => {
                close();
                done(__("Card {0} created.", card.name));
              })
              .catch((error) => toast.error(messageOf(error)));
          },
        },
      ],
    });
  };

  const addToCard = () => {
    const id = "hd-card-add-" + Date.now();
    if (!info.candidates.length) {
      $dialog({
        title: __("Add to an existing card"),
        message: __("There is no open card this ticket can join. Create a card from this ticket instead."),
      });
      return;
    }
    const options = info.candidates
      .map((c) => `<option value="${escapeHtml(c.name)}">${escapeHtml(cardLine(c))}</option>`)
      .join("");
    $dialog({
      title: __("Add to an existing card"),
      html:
        `<p class="text-p-sm text-ink-gray-6 mb-3">${escapeHtml(__("Group this ticket with the same problem or wish reported by other clinics."))}</p>` +
        field(id, __("Product card"), `<select id="${id}" class="form-input w-full rounded text-base">${options}</select>`),
      actions: [
        {
          label: __("Add to card"),
          variant: "solid",
          onClick({ close }) {
            call("healthdesk.api.cards.add_ticket", { card: value(id), ticket: doc.name })
              .then((card) => {
                close();
                done(__("Ticket added to card {0}.", card.name));
              })
              .catch((error) => toast.error(messageOf(error)));
          },
        },
      ],
    });
  };

  // One button in the header's row of buttons (a labelled menu would stack under the others):
  // it opens the ticket's cards, with the two ways to put the ticket in one.
  const showCards = () => {
    const list = info.cards.length
      ? "<ul class=\"text-base mb-1\">" + info.cards
        .map((c) => `<li class="mb-1"><a class="underline" href="/app/product-card/${encodeURIComponent(c.name)}" target="_blank" rel="noopener">${escapeHtml(cardLine(c))}</a></li>`)
        .join("") + "</ul>"
      : `<p class="text-p-base text-ink-gray-7">${escapeHtml(__("This ticket is not in any product card yet."))}</p>`;
    const hidden = info.hidden_cards
      ? `<p class="text-p-sm text-ink-gray-6 mt-2">${escapeHtml(__("Cards of another desk, which you cannot see, also hold this ticket: {0}.", info.hidden_cards))}</p>`
      : "";
    const actions = [];
    if (info.kinds.length) {
      actions.push({ label: __("Create a product card"), variant: "solid", onClick: ({ close }) => { close(); createCard(); } });
      actions.push({ label: __("Add to an existing card"), onClick: ({ close }) => { close(); addToCard(); } });
    }
    $dialog({ title: __("Product cards of this ticket"), html: list + hidden, actions });
  };
  const label = info.cards.length ? __("Product cards ({0})", info.cards.length) : __("Product card");
  return { actions: [{ label, onClick: showCards }] };
}
