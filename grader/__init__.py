"""The kerascourse grader: a pytest plugin, a fault-tolerant runner, and a rich report.

The grader depends on the library (``kerascourse``); the library never imports it.
"""
