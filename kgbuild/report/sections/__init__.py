"""The data each part of the page shows, worked out from the model; templates/parts/ writes it."""
