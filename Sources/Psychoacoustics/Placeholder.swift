public enum PsychoacousticsModule {}
