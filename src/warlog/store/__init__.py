"""warlog.store"""
