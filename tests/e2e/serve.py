"""Serve one Frappe site on 127.0.0.1 for the integration tier (run from the bench's ``sites``).

``bench --site S serve`` binds every address (0.0.0.0); tests only need loopback, so this runs
the same WSGI application, with static files, on 127.0.0.1 alone:

    ../env/bin/python PATH/TO/tests/integration/serve.py SITE PORT
"""

from __future__ import annotations

import logging
import sys

import frappe.app
from werkzeug.serving import run_simple


def main() -> None:
    site, port = sys.argv[1], int(sys.argv[2])
    frappe.app._site = site
    frappe.app._sites_path = "."
    application = frappe.app.application_with_statics()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    run_simple("127.0.0.1", port, application, use_reloader=False, use_debugger=False, threaded=True)


if __name__ == "__main__":
    main()
