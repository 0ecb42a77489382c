"""Pure rules of the audit trail: what an event says (object, action, changes), the hash chain,
retention. No I/O, no framework imports."""
