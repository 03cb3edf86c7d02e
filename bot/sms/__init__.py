"""SMS: character sets, segments and paging."""
