"""Answering: a question understood once into a Query (understand), passages found (retrieve),
sentences cut out and scored (sentences), an answer composed or declined (compose, decline),
all driven by the engine."""
