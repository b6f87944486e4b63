"""Thermia Genesis heat pumps over Modbus."""
