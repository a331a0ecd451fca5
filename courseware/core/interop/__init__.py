"""Reading and writing other tools' formats (GIFT, Aiken, Anki, CSV, xAPI) as the project's models.

Importers never drop silently: whatever a foreign format says that the quiz or deck format cannot hold
is reported as a located ``Finding``, and what is malformed is an error for that one question.
"""
