"""Lavrov's and Putin's trips: checking trip files, the offline city lookup, legs and great circles,
and the Travels map's folium elements."""
