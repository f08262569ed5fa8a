// Shared by healthdesk's portal pages (included with Jinja's include tag
// inside a <script>): POST to a whitelisted method the way Frappe's own JavaScript does (session
// cookie + CSRF token). The body is an object (sent as JSON) or a FormData (sent as multipart, for
// attachments). A refusal is thrown as an Error whose message is the server's translated message
// as plain text (never HTML: it may quote what the user typed; <br> becomes a line break).
window.healthdeskPortal = window.healthdeskPortal || {
  messagesOf(data, fallback) {
    let messages = [];
    try {
      messages = JSON.parse(data._server_messages || "[]").map((m) => JSON.parse(m).message);
    } catch (e) {
      messages = [];
    }
    const holder = document.createElement("div");
    holder.innerHTML = messages.join("\n").replace(/<br\s*\/?>/g, "\n");
    return holder.textContent.trim() || fallback;
  },
  async post(method, body, fallback) {
    const isForm = body instanceof FormData;
    const headers = { "Accept": "application/json", "X-Frappe-CSRF-Token": frappe.csrf_token };
    if (!isForm) headers["Content-Type"] = "application/json";
    const response = await fetch("/api/method/" + method, {
      method: "POST",
      headers,
      body: isForm ? body : JSON.stringify(body || {}),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(this.messagesOf(data, fallback));
    return data.message;
  },
};
