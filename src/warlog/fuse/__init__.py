"""warlog.fuse"""
