"""The published standard as the package ships it: table specs, profiles, the yearly classification."""
