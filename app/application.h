#pragma once

// Entry point shared by main.cpp: `runlens ls|show|metrics …` run headless; anything else opens the GUI.
int runApplication(int argc, char** argv);
