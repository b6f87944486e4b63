"""Husdata H1 interfaces: one ASCII line protocol for many heat pump controllers."""
