"""sosinfo : les faits et la FAQ du Groupe SOS, sourcés, en ligne de commande."""

__version__ = "0.1.0"
