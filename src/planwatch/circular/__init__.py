"""The monthly circular (月报 / 推进情况通报): one content model (`model`), built from the
tracked figures (`build`, fed by `services.circular`), written as DOCX (GB/T 9704-2012),
PDF (WeasyPrint, embedded free CJK fonts) and XLSX, with charts drawn by matplotlib.

Everything here is pure: no database, no clock (the generation time is passed in)."""
