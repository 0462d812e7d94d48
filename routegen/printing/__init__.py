"""Print matter: PDFs (poster, handout, contact card) and images made by headless Chromium.

Chromium shapes Arabic and Ethiopic as the site's browser does, which PDF libraries that draw SVG
text do not. Only this package needs Chromium; building the site without printing never does.
"""
