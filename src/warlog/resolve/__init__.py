"""warlog.resolve"""
