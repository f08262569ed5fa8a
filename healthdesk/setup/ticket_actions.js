// healthdesk's actions on Helpdesk's agent ticket page (installed as the HD Form Script
// "Healthdesk Ticket Actions" by healthdesk.setup.install; edit this file, not the record: every
// migrate writes it back). Helpdesk runs this function with the ticket and its helpers and shows
// the returned actions in the ticket's header, as one menu. Every rule is checked again by the
// server (healthdesk.api.escalation, healthdesk.api.support_access).
function setupForm({ doc, call, $dialog, toast }) {
  const t = (text) => (window.__ ? window.__(text) : text);
  const escapeHtml = hdEscapeHtml;
  const messageOf = (error) => hdMessageOf(error, t("The action could not be completed."));

  // A dialog with one text area; "confirm" posts it and reloads the ticket on success.
  const askText = ({ title, label, action, method, args, done }) => {
    const id = "hd-action-text-" + Date.now();
    $dialog({
      title,
      html:
        `<label class="block text-sm text-ink-gray-7 mb-1" for="${id}">${escapeHtml(label)}</label>` +
        `<textarea id="${id}" rows="4" style="min-height: 6rem" class="form-textarea w-full rounded text-base"></textarea>`,
      actions: [
        {
          label: action,
          variant: "solid",
          onClick({ close }) {
            const text = (document.getElementById(id) || {}).value || "";
            const { textField, ...params } = args;
            call(method, { ...params, [textField]: text })
              .then(() => {
                toast.success(done);
                close();
                setTimeout(() => window.location.reload(), 600);
              })
              .catch((error) => toast.error(messageOf(error)));
          },
        },
      ],
    });
  };

  const hours = (seconds) => (Math.round((seconds / 3600) * 10) / 10).toLocaleString();
  const showHistory = () => {
    call("healthdesk.api.escalation.history", { ticket: doc.name })
      .then((data) => {
        const levels = Object.entries(data.seconds_per_level || {})
          .map(([level, seconds]) => `<li>${escapeHtml(t("Level {0}").replace("{0}", level))}: ${hours(seconds)} ${escapeHtml(t("business hours"))}</li>`)
          .join("");
        const moves = (data.moves || [])
          .map((m) =>
            `<tr><td class="pr-2 whitespace-nowrap">${escapeHtml(m.moved_at_display || m.moved_at)}</td>` +
            `<td class="pr-2 whitespace-nowrap">${escapeHtml(m.from_level)} → ${escapeHtml(m.to_level)}</td>` +
            `<td class="pr-2">${escapeHtml(m.by_user_name || m.by_user)}</td><td>${escapeHtml(m.reason)}</td></tr>`)
          .join("");
        $dialog({
          title: t("Escalation history"),
          html:
            `<p class="text-base mb-2">${escapeHtml(t("Current level"))}: <strong>${escapeHtml(data.support_level)}</strong></p>` +
            `<ul class="text-base mb-2">${levels}</ul>` +
            (moves
              ? `<table class="text-sm w-full"><tbody>${moves}</tbody></table>`
              : `<p class="text-base text-ink-gray-5">${escapeHtml(t("Not escalated yet."))}</p>`),
        });
      })
      .catch((error) => toast.error(messageOf(error)));
  };

  const level = parseInt(doc.support_level || 1, 10) || 1;
  // One menu button ("Level N"): Helpdesk passes a labelled group to frappe-ui's Dropdown.
  return {
    actions: [
      {
        group: "healthdesk", hideLabel: true, buttonLabel: t("Level {0}").replace("{0}", level),
        items: [
          {
            label: t("Escalate"),
            onClick: () => askText({
              title: t("Escalate to the next level"), label: t("Reason"), action: t("Escalate"),
              method: "healthdesk.api.escalation.escalate", args: { ticket: doc.name, textField: "reason" },
              done: t("Ticket escalated."),
            }),
          },
          {
            label: t("Return"),
            onClick: () => askText({
              title: t("Return to the previous level"), label: t("Reason"), action: t("Return"),
              method: "healthdesk.api.escalation.return_ticket", args: { ticket: doc.name, textField: "reason" },
              done: t("Ticket returned."),
            }),
          },
          { label: t("Escalation history"), onClick: showHistory },
          {
            label: t("Request clinic data access"),
            onClick: () => askText({
              title: t("Request access to the clinic's data"), label: t("Justification"),
              action: t("Send request"), method: "healthdesk.api.support_access.request_access",
              args: { ticket: doc.name, textField: "justification" }, done: t("Request sent to the clinic."),
            }),
          },
        ],
      },
    ],
  };
}
