"""Views of the newsletters app: subscribing, confirming, preferences, unsubscribing, clicks."""
