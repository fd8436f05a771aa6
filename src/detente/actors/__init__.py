"""Actors: the dictionary of states, organisations, groups, people and places (`gazetteer`),
and the resolver that turns mentions in a parsed sentence into coded actors (`resolve`)."""

from __future__ import annotations

from detente.actors.gazetteer import ActorFileError, Entry, Gazetteer, Person, Place, Role

__all__ = ["ActorFileError", "Entry", "Gazetteer", "Person", "Place", "Role"]
