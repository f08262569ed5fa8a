// The agent script on Helpdesk's agent ticket page (installed as the HD Form Script "Healthdesk
// Agent Script" by healthdesk.agent_scripts.setup; edit this file, not the record: every migrate
// writes it back). Helpdesk runs this function with the ticket and its helpers and shows the
// returned actions in the ticket's header: here one button, "Script (done of total)", that opens
// the checklist; each tick is saved at once (healthdesk.api.agent_scripts, which checks again
// that the step belongs to the script that applies to the ticket).
async function setupForm({ doc, call, $dialog, toast }) {
  const __ = hdTranslate;
  const escapeHtml = hdEscapeHtml;
  const messageOf = (error) => hdMessageOf(error, __("The step could not be saved. Reload the ticket and try again."));

  if (!doc || !doc.name) return { actions: [] };
  let data;
  try {
    data = await call("healthdesk.api.agent_scripts.ticket_script", { ticket: doc.name });
  } catch (error) {
    return { actions: [] }; // not an agent, or no access to the ticket: no script to show
  }
  if (!data || (!data.script && !(data.earlier || []).length)) return { actions: [] };

  const render = (d) => {
    const steps = (d.steps || []).map((s) => {
      const tick = s.tick
        ? `<span class="block text-sm text-ink-green-3">${escapeHtml(__("Ticked by {0} on {1}.", s.tick.by_name || s.tick.by, s.tick.on_display))}</span>`
        : "";
      const then = s.text_when_ticked
        ? `<span class="block text-sm text-ink-gray-5">${escapeHtml(__("When it was ticked, the step read: {0}", s.text_when_ticked))}</span>`
        : "";
      return (
        `<li class="py-1.5"><label class="flex items-start gap-2 cursor-pointer">` +
        `<input type="checkbox" class="mt-1 h-4 w-4 shrink-0" style="accent-color: #171717" ` +
        `data-step="${escapeHtml(s.step)}"${s.checked ? " checked" : ""}>` +
        `<span class="flex flex-col gap-0.5"><span class="text-base text-ink-gray-8">${escapeHtml(s.number)}. ${escapeHtml(s.text)}</span>` +
        (s.hint ? `<span class="block text-sm text-ink-gray-5">${escapeHtml(s.hint)}</span>` : "") +
        tick + then + `</span></label></li>`
      );
    }).join("");
    const earlier = (d.earlier || []).map((t) =>
      `<li class="py-0.5">✓ ${escapeHtml(t.number)}. ${escapeHtml(t.text)} <span class="text-ink-gray-5">` +
      `(${escapeHtml(t.script)}; ${escapeHtml(__("Ticked by {0} on {1}.", t.by_name || t.by, t.on_display))})</span></li>`).join("");
    return (
      (d.script
        ? (d.script.description ? `<p class="text-p-base text-ink-gray-7 mb-2">${escapeHtml(d.script.description)}</p>` : "") +
          `<p class="text-sm text-ink-gray-5 mb-2">${escapeHtml(__("Tick each step as you complete it. The ticks are kept on the ticket."))}</p>` +
          `<p class="text-sm font-medium text-ink-gray-8 mb-1">${escapeHtml(__("{0} of {1} steps done.", d.done, d.total))}</p>` +
          `<ul>${steps}</ul>`
        : `<p class="text-p-base text-ink-gray-7">${escapeHtml(__("No agent script applies to this ticket now."))}</p>`) +
      (earlier
        ? `<div class="mt-3 border-t pt-2"><p class="text-sm text-ink-gray-7 mb-1">${escapeHtml(__("These steps were ticked on this ticket but are no longer in its script."))}</p>` +
          `<ul class="text-sm text-ink-gray-7">${earlier}</ul></div>`
        : "")
    );
  };

  // The button's label reads the progress through the object Helpdesk made reactive (``this`` in
  // the getter), so a tick in the dialog updates it; ``done`` / ``total`` are not enumerable, so
  // they are not passed on to the button as attributes.
  let live = null;
  // No ``icon``: frappe-ui's Button shows an icon alone, without the label, when it has one.
  const action = { onClick: () => openDialog() };
  Object.defineProperty(action, "done", { value: data.done || 0, writable: true, enumerable: false });
  Object.defineProperty(action, "total", { value: data.total || 0, writable: true, enumerable: false });
  Object.defineProperty(action, "label", {
    enumerable: true,
    get() {
      live = this;
      return __("Script ({0} of {1})", this.done, this.total);
    },
  });

  let opened = 0;
  const onChange = (event) => {
    const box = event.target;
    if (!box || !box.dataset || !box.dataset.step || !data.script) return;
    const checked = box.checked;
    const container = event.currentTarget;
    box.disabled = true;
    call(checked ? "healthdesk.api.agent_scripts.tick" : "healthdesk.api.agent_scripts.untick",
      { ticket: doc.name, script: data.script.name, step: box.dataset.step })
      .then((fresh) => {
        data = fresh;
        container.innerHTML = render(fresh);
        const target = live || action;
        target.done = fresh.done;
        target.total = fresh.total;
      })
      .catch((error) => {
        box.checked = !checked;
        box.disabled = false;
        toast.error(messageOf(error));
      });
  };
  const attach = (id, tries) => {
    const container = document.getElementById(id);
    if (container) {
      container.addEventListener("change", onChange);
    } else if (tries > 0) {
      setTimeout(() => attach(id, tries - 1), 50);
    }
  };
  const openDialog = () => {
    const id = `hd-agent-script-${Date.now()}-${++opened}`;
    $dialog({
      title: data.script ? data.script.title : __("Agent script"),
      html: `<div id="${id}" data-agent-script="${escapeHtml(data.script ? data.script.name : "")}">${render(data)}</div>`,
    });
    attach(id, 100);
  };

  return { actions: [action] };
}
