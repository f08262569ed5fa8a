// Helpers every healthdesk HD Form Script shares (healthdesk.setup.form_scripts puts this file
// before each script's own code when it installs it; Helpdesk evaluates the whole text and takes
// its setupForm function).

// A translated text with {0}, {1}… filled in.
function hdTranslate(text, ...args) {
  return String(window.__ ? window.__(text) : text).replace(/{(\d+)}/g, (match, i) =>
    args[i] === undefined ? match : String(args[i]));
}

function hdEscapeHtml(value) {
  return String(value == null ? "" : value).replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[c]);
}

// The server's message of a failed call, as plain text, or ``fallback``.
function hdMessageOf(error, fallback) {
  const messages = (error && (error.messages || (error.exc_type && [error.message]))) || [];
  const holder = document.createElement("div");
  holder.innerHTML = (messages.length ? messages : [error && error.message]).filter(Boolean).join(" ");
  return holder.textContent.trim() || fallback;
}

