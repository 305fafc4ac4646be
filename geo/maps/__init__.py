"""What is drawn and shipped: shapes joined to classes, the overview's folium elements and layer
values, dataset layers, exports, self-contained maps, embeds, pictures and the static copy."""
