"""warlog.export"""
