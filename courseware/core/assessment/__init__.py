"""Taking an attempt: grading, presentation of questions, quiz sessions, exams, results and certificates."""
