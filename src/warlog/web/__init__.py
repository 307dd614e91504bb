"""warlog.web"""
