"""USN Alumni: the alumni site and community of the University of South-Eastern Norway."""
