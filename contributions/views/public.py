"""Views for citizens: send in, receipt, tracking, the wall, reporting."""
