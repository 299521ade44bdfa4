//! Capture files (placeholder until the capture module lands).
