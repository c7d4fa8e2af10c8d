"""Pilkada 2024 (Kabupaten Jember) stage calendar: ``stages.yaml`` is read by nlp.calendar."""
