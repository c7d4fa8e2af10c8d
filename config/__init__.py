"""What the media team tunes, shipped as data: ``pantau.yaml`` (the template of ``pantau init``),
the Jember gazetteer, boundaries and baseline (``config/jember``) and the stage calendar
(``config/pilkada2024``). No code lives here, so it imports nothing.
"""
