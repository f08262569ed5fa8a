"""What clinic users and reseller managers meet in Helpdesk's customer portal and in the
website's portal: link searches scoped to their own clinics, quick filters without internal
fields, and a portal menu that offers each person only the pages that apply to them."""
