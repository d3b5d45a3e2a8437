"""Tayori's search core, shipped inside the Lambda function and shared with the index build."""
