"""What Inngang keeps about a resident, and deleting it on request."""
