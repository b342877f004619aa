"""The readers of the corpora stancemap learns from and is measured on: the public corpora
laid out as in ``../shared/data``, shared by evaluation and training: stance rows
(:mod:`.stance`: ArgKP, IBM claim stance, GWSD, VAST, and their folds), ArgKP's key point
matches (:mod:`.argkp`) and PolNeAR's attributions (:mod:`.polnear`); and the project's own
stance corpus in ``data/stance`` (:mod:`.own`)."""
