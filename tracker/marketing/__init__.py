"""Reading marketing copy: sentences, the tracked claims a sentence makes, overclaim wording.

`text` folds odd Unicode and splits copy into sentences with offsets into the original;
`cues` holds the shared words of direction (reduce, boost, cause, no, without...);
`matcher` finds the claims each sentence asserts from the words the claim files declare;
`overclaims` flags wording no evidence could back; `rating` turns a graded profile into a
rating. `tracker.checker` puts them together.
"""
