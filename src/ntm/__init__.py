"""NTM: monitoring, evaluation and reporting for the National Target Programme on New Rural Development."""
