"""warlog.extract"""
