"""Fusion across documents: incidents, independence, credibility, actor relations, the network."""
