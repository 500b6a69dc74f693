"""Exports of a case to files the user saves: a PDF report, a FHIR R4B bundle, DICOM images.

Nothing here opens a network connection: photos come from the local photo store, text is
escaped before ReportLab sees it, and pydicom is imported without its download helpers
(`skinclinic.export.dicom_import`). Every export is an audit event (`service.export_case`).
Heavy libraries (reportlab, fhir.resources, pydicom) load lazily, inside the format modules.
"""
