"""Onboarding panels: stages of tasks (videos) per reseller, each user's progress, notices,
import/export, the /onboarding page and the completion report."""
