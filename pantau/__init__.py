"""Pantau: social-media monitoring and outreach for KPU Kabupaten Jember."""

__version__ = "0.1.0"
