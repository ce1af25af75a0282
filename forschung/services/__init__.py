"""Every write of the study (one module per record): instruments, consent, waves."""
