"""Satisfaction after resolution (issue 15, item 2): the clinic user who raised a ticket is asked
once to rate it (``survey``), the answer lives in Helpdesk's own feedback fields of HD Ticket,
a low rating opens a follow-up for the team lead (``follow_up``), and ``results`` sums the answers
by clinic, reseller, agent, module and month within the indicators' scope."""
