"""warlog.scale"""
