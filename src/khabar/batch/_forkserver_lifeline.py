"""Imported only by the multiprocessing fork server (a preload of
:class:`~khabar.batch.local.LocalEngine`): the fork server dies with the main process.
See :mod:`khabar.batch.lifeline`."""

from khabar.batch.lifeline import die_with_parent

die_with_parent()
