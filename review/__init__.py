"""The reviewer: reads any contract (.docx, .pdf, .txt), recognises its clauses and reports what is missing or wrong."""
