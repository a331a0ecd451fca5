"""Studying: FSRS scheduling, the flashcard session, the home dashboard and the statistics."""
