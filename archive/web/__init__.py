"""The public site: views, filters, feeds and exports."""
