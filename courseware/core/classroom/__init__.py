"""A class on one server: the trainer's roster of learners, their passwords and their own progress stores."""
