"""IVT / Bosch / Autotherm Rego 6xx controllers over their service port."""
